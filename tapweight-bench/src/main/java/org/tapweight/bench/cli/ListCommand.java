package org.tapweight.bench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tapweight.api.modality.EncoderProvider;
import org.tapweight.api.modality.ObjectiveProvider;
import org.tapweight.api.modality.TaskProvider;
import org.tapweight.api.plugin.PluginProvider;
import org.tapweight.api.plugin.SettingSpec;
import org.tapweight.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tapweight list}: every plug-in found, with ids, descriptions and settings. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every plug-in found on the class path: strategies, weight maps, encoders, objectives, tasks.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    PluginOptions plugins;

    @Option(names = "--origins", description = "Also show the jar or folder each plug-in came from.")
    boolean origins;

    @Option(names = {"-v", "--verbose"}, description = "More logging.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = PluginRegistry.load(plugins.loader());
        for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
            out.println(kind.plural() + ":");
            for (PluginProvider p : registry.all(kind)) {
                String modality = p instanceof EncoderProvider e ? " [" + e.modality() + "]"
                        : p instanceof ObjectiveProvider o ? " [" + o.modality() + "]"
                        : p instanceof TaskProvider t ? " [" + t.modality() + "]" : "";
                out.printf("  %-22s %s%s%n", p.id(), p.description(), modality);
                for (SettingSpec s : p.settings()) {
                    out.printf("  %-22s   %s (%s, default %s): %s%n", "", s.name(), s.type().name().toLowerCase(),
                            s.defaultValue(), s.description());
                }
                if (origins) {
                    out.printf("  %-22s   from %s%n", "", p.origin());
                }
            }
            out.println();
        }
        out.flush();
        return 0;
    }
}
