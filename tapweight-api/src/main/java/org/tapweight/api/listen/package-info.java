/** The step-listener SPI: plug-ins that show a run as it goes (the TensorBoard logger is one). */
package org.tapweight.api.listen;
