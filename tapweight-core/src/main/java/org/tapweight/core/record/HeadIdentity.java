package org.tapweight.core.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes a trained objective head usable by another run: the objective plug-in, its settings as
 * resolved (defaults filled in), its {@link org.tapweight.api.modality.Objective#headSignature()
 * signature} and the head's parameter count. {@code name} is how the run that trained it called it.
 */
public record HeadIdentity(String objective, String name, Map<String, Object> settings, Map<String, Object> signature,
                           long parameters) {

    public HeadIdentity {
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        signature = signature == null ? Map.of() : new LinkedHashMap<>(signature);
    }
}
