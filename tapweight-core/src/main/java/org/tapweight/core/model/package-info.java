/** Decorators of the level models ({@code api/model}) that the engine applies from the config: the levels' L2 regularisers. */
package org.tapweight.core.model;
