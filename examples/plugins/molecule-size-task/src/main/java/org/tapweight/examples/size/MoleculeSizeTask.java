package org.tapweight.examples.size;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tapweight.api.modality.Encoder;
import org.tapweight.api.modality.Task;
import org.tapweight.api.model.Noise;
import org.tapweight.api.model.Split;
import org.tapweight.molecule.chem.MolecularGraph;
import org.tapweight.molecule.data.FeaturizedTable;
import org.tapweight.molecule.data.Splits;
import org.tapweight.molecule.model.GraphBatch;
import org.tapweight.molecule.model.GraphDataset;
import org.tapweight.nn.Linear;
import org.tapweight.nn.Standardisation;

/**
 * A downstream task as a third-party plug-in: predict each molecule's heavy-atom count from its
 * molecule vector, for the molecules of any SMILES file, on a seeded random 80/10/10 split. The
 * label needs no assay (it is read off the graph), which keeps the example about the SPI: data with
 * a split, a head, a loss on standardised targets, metrics in original units (atoms), and the data
 * report and checksum the run record keeps.
 *
 * <p>Contract (see the {@link Task} documentation): the loss excludes any proximal term (the engine
 * adds it), and level I's corpus is the training split's molecules without their labels (the
 * default {@link Task#pretrainingCorpus()}), so validation and test molecules never reach level I.
 */
public final class MoleculeSizeTask implements Task<GraphBatch> {

    private final FeaturizedTable table;
    private final Map<Split, GraphDataset> splits = new LinkedHashMap<>();
    private final Standardisation standardisation;

    public MoleculeSizeTask(FeaturizedTable table, Splits split) {
        this.table = table;
        splits.put(Split.TRAIN, part("train", split.train()));
        splits.put(Split.VALIDATION, part("validation", split.validation()));
        splits.put(Split.TEST, part("test", split.test()));
        double[] train = new double[split.train().length];
        for (int i = 0; i < train.length; i++) {
            train[i] = table.graphs().get(split.train()[i]).atoms();
        }
        this.standardisation = Standardisation.of(train);
    }

    private GraphDataset part(String name, int[] rows) {
        List<MolecularGraph> graphs = new ArrayList<>();
        double[][] labels = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            MolecularGraph g = table.graphs().get(rows[i]);
            graphs.add(g);
            labels[i] = new double[] {g.atoms()};
        }
        return new GraphDataset("molecule-size/" + name, graphs, labels);
    }

    @Override
    public Class<GraphBatch> batchType() {
        return GraphBatch.class;
    }

    @Override
    public GraphDataset data(Split split) {
        return splits.get(split);
    }

    @Override
    public int headSize(int representationSize) {
        return new Linear(representationSize, 1).size();
    }

    @Override
    public void initializeHead(INDArray head, int representationSize, long seed) {
        new Linear(representationSize, 1).initialize(head, seed);
    }

    /** Half the mean squared error of the standardised count (no proximal term: the engine adds it). */
    @Override
    public double loss(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, GraphBatch batch, Noise noise,
                       Gradients grads) {
        Encoder.Pass pass = encoder.forward(encoderParams, batch, noise);
        double[][] labels = batch.requireLabels();
        INDArray target = Nd4j.create(pass.output().dataType(), labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            target.putScalar(i, 0, standardisation.apply(labels[i][0]));
        }
        return new Linear((int) pass.output().columns(), 1).squaredError(pass, head, target, null, labels.length, grads);
    }

    /** {@code rmse} and {@code mae} in atoms on a whole split. */
    @Override
    public Map<String, Double> metrics(Encoder<GraphBatch> encoder, INDArray encoderParams, INDArray head, Split split) {
        GraphDataset d = splits.get(split);
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        INDArray vectors = encoder.forward(encoderParams, d.batch(all), Noise.NONE).output();
        INDArray z = new Linear((int) vectors.columns(), 1).forward(head, vectors);
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < all.length; i++) {
            double error = z.getDouble(i, 0) * standardisation.sd() + standardisation.mean() - d.labels()[i][0];
            squared += error * error;
            absolute += Math.abs(error);
        }
        return Map.of("rmse", Math.sqrt(squared / all.length), "mae", absolute / all.length);
    }

    @Override
    public String primaryMetric() {
        return "rmse";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public Map<String, Object> dataReport() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", table.source());
        r.put("featurised", table.size());
        r.put("skippedRows", table.skipped());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        splits.forEach((s, d) -> sizes.put(s.name().toLowerCase(java.util.Locale.ROOT), d.size()));
        r.put("split", sizes);
        return r;
    }

    @Override
    public Map<String, String> dataChecksums() {
        return Map.of(Path.of(table.source()).getFileName().toString(), table.sha256());
    }

    /** True when {@code file} exists, for the provider's error message. */
    static boolean readable(Path file) {
        return Files.isRegularFile(file) && Files.isReadable(file);
    }
}
