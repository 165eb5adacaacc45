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
            String nearest = known.stream().min(java.util.Comparator.comparingInt(k -> editDistance(k, u.getPropertyName())))
                    .orElse(null);
            boolean close = nearest != null && editDistance(nearest, u.getPropertyName()) <= Math.max(2, nearest.length() / 3);
            return "unknown field" + (close ? "; did you mean '" + nearest + "'?" : "") + " Valid fields here: "
                    + String.join(", ", known);
        }
        return e.getOriginalMessage();
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
