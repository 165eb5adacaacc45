package org.tapweight.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under a scheme of its own ({@code othertest:}), registered through
 * {@code spark.hadoop.fs.othertest.impl}: to the bench it is a remote store like HDFS (no local path),
 * so the driver's copy-down, copy-up path runs in a test without a Hadoop cluster.
 */
public class OtherSchemeFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "othertest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
