package org.tapweight.bench.cli;

import org.tapweight.core.run.Provenance;
import picocli.CommandLine;

/** {@code tapweight --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"tapweight " + Provenance.tapweightVersion(), "java " + System.getProperty("java.version")};
    }
}
