/**
 * The text modality (to come, see the NLP issue): a subword tokenizer, a transformer encoder on
 * SameDiff, MLM, contrastive and sentence-order objectives and the GLUE tasks, each a
 * {@link java.util.ServiceLoader} provider of the {@code tapweight-api} interfaces.
 */
package org.tapweight.nlp;
