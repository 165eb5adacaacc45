package com.example.other;

import org.tapweight.api.hypergrad.HypergradientStrategy;
import org.tapweight.api.hypergrad.HypergradientStrategyProvider;
import org.tapweight.api.plugin.Settings;

/** A third-party strategy that claims the id of a built-in one. */
public final class AnotherCg implements HypergradientStrategyProvider {
    @Override
    public String id() {
        return "cg";
    }

    @Override
    public String description() {
        return "a clashing id";
    }

    @Override
    public HypergradientStrategy create(Settings settings) {
        throw new UnsupportedOperationException();
    }
}
