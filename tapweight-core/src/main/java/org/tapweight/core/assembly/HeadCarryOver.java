package org.tapweight.core.assembly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tapweight.core.record.EncoderFile;
import org.tapweight.core.record.HeadIdentity;

/**
 * Decides which of a run's objective heads start from the heads stored in its initial encoder's
 * file: a stored head is carried over where it is of the same objective plug-in with the same
 * resolved settings, the same {@link org.tapweight.api.modality.Objective#headSignature() signature}
 * and the same number of parameters; among several such, the one of the same name first. Every
 * other head starts from its seeded initialisation, with the reason kept for the run record.
 */
public final class HeadCarryOver {

    /** The heads to load, by objective index, and why each of the others is not loaded (by objective name). */
    public record Result(Map<Integer, INDArray> loaded, Map<String, String> notLoaded) {
    }

    private HeadCarryOver() {
    }

    public static Result match(Path file, List<EncoderFile.StoredHead> stored, List<HeadIdentity> run) {
        Map<Integer, INDArray> loaded = new LinkedHashMap<>();
        Map<String, String> notLoaded = new LinkedHashMap<>();
        Set<Integer> used = new HashSet<>();
        for (int k = 0; k < run.size(); k++) {
            HeadIdentity want = run.get(k);
            List<Integer> sameObjective = new ArrayList<>();
            Integer match = null;
            for (int j = 0; j < stored.size(); j++) {
                HeadIdentity have = stored.get(j).identity();
                if (!have.objective().equals(want.objective())) {
                    continue;
                }
                sameObjective.add(j);
                boolean usable = !used.contains(j) && difference(have, want) == null;
                boolean better = match == null || have.name().equals(want.name())
                        && !stored.get(match).identity().name().equals(want.name());
                if (usable && better) {
                    match = j;
                }
            }
            if (match != null) {
                used.add(match);
                loaded.put(k, stored.get(match).parameters());
            } else if (stored.isEmpty()) {
                notLoaded.put(want.name(), file + " holds no objective heads (written before heads were kept)");
            } else if (sameObjective.isEmpty()) {
                notLoaded.put(want.name(), file + " holds no head of objective '" + want.objective() + "'");
            } else {
                String why = difference(stored.get(sameObjective.get(0)).identity(), want);
                notLoaded.put(want.name(), why == null ? "its matching head in " + file + " is used by another objective"
                        : "the head in " + file + " differs: " + why);
            }
        }
        return new Result(loaded, notLoaded);
    }

    /** Why a stored head cannot stand for the wanted one, or null if it can. */
    static String difference(HeadIdentity have, HeadIdentity want) {
        Map<String, Object> haveSettings = EncoderFile.normalised(have.settings());
        Map<String, Object> wantSettings = EncoderFile.normalised(want.settings());
        if (!haveSettings.equals(wantSettings)) {
            return "settings " + haveSettings + " in the file, " + wantSettings + " in this run";
        }
        if (!EncoderFile.normalised(have.signature()).equals(EncoderFile.normalised(want.signature()))) {
            return "its signature (" + String.join(", ", keys(have, want))
                    + ") differs, e.g. labels derived from another corpus";
        }
        if (have.parameters() != want.parameters()) {
            return have.parameters() + " parameters in the file, " + want.parameters() + " in this run";
        }
        return null;
    }

    private static List<String> keys(HeadIdentity have, HeadIdentity want) {
        Set<String> keys = new java.util.TreeSet<>(have.signature().keySet());
        keys.addAll(want.signature().keySet());
        List<String> differing = new ArrayList<>();
        for (String key : keys) {
            if (!java.util.Objects.equals(EncoderFile.normalised(Map.of("v", have.signature().getOrDefault(key, "")))
                    , EncoderFile.normalised(Map.of("v", want.signature().getOrDefault(key, ""))))) {
                differing.add(key);
            }
        }
        return differing;
    }
}
