/**
 * The molecular modality: CDK featurisation of SMILES, a GIN-style
 * graph encoder (hand-written ND4J), molecular pretraining objectives and the MoleculeNet tasks, each a
 * {@link java.util.ServiceLoader} provider of the {@code tapweight-api} interfaces.
 */
package org.tapweight.molecule;
