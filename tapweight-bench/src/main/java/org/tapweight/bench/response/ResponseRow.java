package org.tapweight.bench.response;

import java.util.Locale;

/** One line of responses.csv: a direction, an epsilon and a batch seed, and the two validation losses. */
public record ResponseRow(String direction, String kind, double epsilon, long batchSeed, double[] d, double lossPlus,
                   double lossMinus, double seconds) {

    static final String HEADER = "direction,kind,epsilon,batchSeed,d,lossPlus,lossMinus,response,seconds";

    public double response() {
        return (lossPlus - lossMinus) / (2 * epsilon);
    }

    String key() {
        return key(direction, epsilon, batchSeed);
    }

    static String key(String direction, double epsilon, long batchSeed) {
        return direction + "|" + Double.toString(epsilon) + "|" + batchSeed;
    }

    String csv() {
        return String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%.17g,%.17g,%.17g,%.3f", direction, kind, Double.toString(epsilon),
                batchSeed, Direction.format(d), lossPlus, lossMinus, response(), seconds);
    }

    static ResponseRow parse(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException(where + ": expected 9 fields (" + HEADER + "), got " + f.length + ": " + line);
        }
        String[] ds = f[4].split(";");
        double[] d = new double[ds.length];
        for (int i = 0; i < ds.length; i++) {
            d[i] = Double.parseDouble(ds[i]);
        }
        return new ResponseRow(f[0], f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]), d, Double.parseDouble(f[5]),
                Double.parseDouble(f[6]), Double.parseDouble(f[8]));
    }
}
