package org.tapweight.core.config;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Config-reading errors in words a user can act on: where the field is, and what the valid names are. */
public final class ConfigErrors {

    private ConfigErrors() {
    }

    /** Jackson's message, or for an unknown field the nearest valid name and the valid ones. */
    public static String explain(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u && u.getKnownPropertyIds() != null) {
            java.util.List<String> known = u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String nearest = nearest(u.getPropertyName(), known);
            return "unknown field" + (nearest != null ? "; did you mean '" + nearest + "'?" : "") + " Valid fields here: "
                    + String.join(", ", known);
        }
        return e.getOriginalMessage();
    }

    /**
     * The valid name closest to a mistyped one (by edit distance, case ignored), or null when none is
     * close enough to suggest (more than a third of its letters, and at least 2, would have to change).
     */
    public static String nearest(String given, java.util.Collection<String> valid) {
        String g = given.toLowerCase(java.util.Locale.ROOT);
        String nearest = valid.stream().min(java.util.Comparator.comparingInt(k -> editDistance(k.toLowerCase(java.util.Locale.ROOT), g)))
                .orElse(null);
        return nearest != null && editDistance(nearest.toLowerCase(java.util.Locale.ROOT), g) <= Math.max(2, nearest.length() / 3)
                ? nearest : null;
    }

    /** Levenshtein distance, for suggesting a field name. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
