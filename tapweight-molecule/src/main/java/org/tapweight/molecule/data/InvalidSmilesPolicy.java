package org.tapweight.molecule.data;

/** What loading does with a SMILES that CDK cannot parse. */
public enum InvalidSmilesPolicy {
    /** Stop with an error naming the file, line and the parser's message. */
    FAIL,
    /** Leave the row out, count it and list it (file, line, SMILES, message) in the run record. */
    SKIP
}
