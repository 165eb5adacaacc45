/**
 * The text modality: a WordPiece vocabulary trained here and encoded with HuggingFace's tokenizers
 * ({@code text}), a pre-LayerNorm transformer encoder with a hand-written, gradient-checked backward
 * pass ({@code model}), the masked-language-modelling, SimCSE and sentence-order objectives
 * ({@code objective}) and the GLUE and Brown-corpus tasks ({@code task}, {@code data}).
 */
package org.tapweight.nlp;
