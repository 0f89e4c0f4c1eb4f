package io.benchsuite.cli;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.store.Baseline;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code bench baseline set RUN [--name NAME]}, {@code show NAME}, {@code list}: the runs a benchmark is compared
 * with, one per {@code org_id} and {@code name}, kept in MongoDB when it is there, else in the results directory
 * ({@code <out>/baselines/}). {@code bench analyze --compare baseline CURRENT} and a load test's {@code @Baseline}
 * find them. See {@code docs/analyze.md}.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Marks the runs a benchmark is compared with (one baseline per org_id and name), shows them.",
                "Kept in MongoDB when configured or reachable, else in DIR/baselines/.",
                "Exit codes: 0 ok, 2 bad input or nothing found."},
        subcommands = {BaselineCommand.Set.class, BaselineCommand.Show.class, BaselineCommand.ListCommand.class})
final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "mongo|files", scope = ScopeType.INHERIT,
            description = "Where the runs and baselines are (default: mongo when configured or reachable, else files).")
    String source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results", scope = ScopeType.INHERIT,
            description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--mongodb-uri", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "MongoDB to use (default: $MONGODB_URI).")
    String mongodbUri;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("bench baseline: give set RUN, show NAME or list (e.g. bench baseline set latest)");
        err.flush();
        return BenchCli.USAGE;
    }

    /** Runs {@code action} on the opened source; a mistake is one line on stderr and exit code 2. */
    private int with(CommandSpec spec, Action action) {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try (Sources sources = Sources.open(source, out, mongodbUri)) {
            action.run(sources, stdout);
            stdout.flush();
            return BenchCli.OK;
        } catch (IllegalArgumentException | NoSuchElementException | ConfigException e) {
            err.println("bench baseline: " + e.getMessage());
            err.flush();
            return BenchCli.USAGE;
        }
    }

    private interface Action {
        void run(Sources sources, PrintWriter out);
    }

    /** A subcommand: runs {@link #run} on the source its parent's options name. */
    private abstract static class Sub implements Callable<Integer>, Action {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        BaselineCommand parent;

        @Override
        public Integer call() {
            return parent.with(spec, this);
        }
    }

    /** {@code bench baseline set RUN [--name NAME]}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Marks RUN (a run id, latest, a run directory or a repetition group) as the baseline of its "
                    + "benchmark: of its name, or NAME, in its org_id."})
    static final class Set extends Sub {
        @Parameters(paramLabel = "RUN", description = "The run (or repetition group) to compare later runs with.")
        String ref;

        @Option(names = "--name", paramLabel = "NAME",
                description = "The benchmark this is the baseline of (default: the run's name).")
        String name;

        @Override
        public void run(Sources sources, PrintWriter stdout) {
            List<RunResult> runs = new RunRefs(sources).resolve(ref, null).runs();
            for (RunResult r : runs) {
                if (sources.runs().run(r.runId()).isEmpty()) {
                    throw new IllegalArgumentException("run \"" + r.runId() + "\" is not in "
                            + sources.runs().description() + ": a baseline names runs kept there; copy its "
                            + "directory into " + parent.out + ", or store it in MongoDB with bench sync");
                }
            }
            RunResult first = runs.getFirst();
            String benchmark = name != null ? name : first.name();
            if (benchmark == null || benchmark.isBlank()) {
                throw new IllegalArgumentException("run \"" + first.runId() + "\" has no name; give the "
                        + "benchmark's name with --name NAME");
            }
            Baseline b = new Baseline(first.orgId(), benchmark, runs.stream().map(RunResult::runId).toList(),
                    Instant.now());
            sources.baselines().put(b);
            stdout.println("bench baseline: \"" + b.name() + "\" (org " + b.orgId() + ") is now "
                    + describe(runs) + ", in " + sources.baselines().description());
        }
    }

    /** {@code bench baseline show NAME [--org ORG]}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows the baseline NAME and its runs.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "NAME", description = "The benchmark's name.")
        String name;

        @Option(names = "--org", paramLabel = "ORG", description = "Its organisation (needed when several have NAME).")
        String org;

        @Override
        public void run(Sources sources, PrintWriter stdout) {
            List<Baseline> found = sources.baselines().list(Optional.ofNullable(org)).stream()
                    .filter(b -> b.name().equals(name)).toList();
            if (found.isEmpty()) {
                throw new NoSuchElementException("no baseline \"" + name + "\"" + (org == null ? "" : " of org "
                        + org) + " in " + sources.baselines().description() + "; list them with bench baseline "
                        + "list");
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException("baseline \"" + name + "\" exists in several organisations ("
                        + String.join(", ", found.stream().map(Baseline::orgId).toList()) + "); choose one with "
                        + "--org ORG");
            }
            Baseline b = found.getFirst();
            stdout.println("baseline \"" + b.name() + "\" (org " + b.orgId() + "), set " + b.setAt() + ", in "
                    + sources.baselines().description());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"run_id", "status", "started_at", "requests", "req/s", "success%", "p50 ms",
                    "p99 ms"});
            for (String id : b.runIds()) {
                Optional<RunResult> r = sources.runs().run(id);
                Stats o = r.map(RunResult::overall).orElse(null);
                rows.add(r.isEmpty() ? new String[] {id, "missing", "", "", "", "", "", ""} : new String[] {id,
                        String.valueOf(r.get().status()), String.valueOf(r.get().startedAt()),
                        o == null ? "" : String.valueOf(o.requests()), o == null ? "" : num(o.throughputRps()),
                        o == null ? "" : num(o.successRate()), o == null ? "" : num(o.latencyMs().p50()),
                        o == null ? "" : num(o.latencyMs().p99())});
            }
            stdout.print(align(rows));
        }
    }

    /** {@code bench baseline list [--org ORG]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the baselines.")
    static final class ListCommand extends Sub {
        @Option(names = "--org", paramLabel = "ORG", description = "Only the baselines of this organisation.")
        String org;

        @Override
        public void run(Sources sources, PrintWriter stdout) {
            List<Baseline> all = sources.baselines().list(Optional.ofNullable(org));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"org_id", "name", "runs", "set_at"});
            for (Baseline b : all) {
                rows.add(new String[] {b.orgId(), b.name(), String.join(",", b.runIds()), b.setAt().toString()});
            }
            stdout.print(align(rows));
            stdout.println(all.size() + (all.size() == 1 ? " baseline" : " baselines") + " in "
                    + sources.baselines().description());
        }
    }

    private static String describe(List<RunResult> runs) {
        long requests = runs.stream().mapToLong(r -> r.overall() == null ? 0 : r.overall().requests()).sum();
        String ids = runs.size() == 1 ? "run " + runs.getFirst().runId()
                : runs.size() + " runs (" + (runs.getFirst().repetition() == null ? runs.getFirst().runId()
                : runs.getFirst().repetition().group()) + ")";
        return ids + String.format(Locale.ROOT, ", %,d requests", requests);
    }

    private static String num(double v) {
        return AnalyzeCommand.num(v);
    }

    private static String align(List<String[]> rows) {
        return AnalyzeCommand.align(rows);
    }
}
