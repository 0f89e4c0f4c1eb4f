package io.benchsuite.cli;

import io.benchsuite.engine.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench}: the command line of BenchSuite. Exit codes: 0 completed, 1 thresholds failed (or every request;
 * {@code sweep}: no capacity in the range; {@code analyze --compare}: regressed), 2 usage or configuration error,
 * 130 interrupted (Ctrl-C / SIGTERM).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BenchCli.Version.class,
        description = "Load testing and benchmarking for HTTP APIs, LLM providers and Java code.",
        subcommands = {RunCommand.class, SweepCommand.class, MergeCommand.class, DemoCommand.class,
                ReportCommand.class, AnalyzeCommand.class, BaselineCommand.class, SyncCommand.class,
                DatasetCommand.class, CommandLine.HelpCommand.class})
public final class BenchCli {

    /** Exit code: the run completed and every threshold passed. */
    static final int OK = 0;
    /** Exit code: a threshold failed, every request failed, or the run is invalid with {@code fail_on_invalid}. */
    static final int THRESHOLDS_FAILED = 1;
    /** Exit code: a comparison found a regression (the verdict is {@code regressed}). */
    static final int REGRESSED = 1;
    /** Exit code: bad usage, configuration or input. */
    static final int USAGE = 2;
    /** Exit code: the run finished but {@code result.json} could not be written (disk full); the table was printed. */
    static final int RESULTS_NOT_WRITTEN = 4;
    /** Exit code: interrupted by Ctrl-C or SIGTERM (results so far were written). */
    static final int INTERRUPTED = 130;

    public static void main(String[] args) {
        // libraries below us (json-path) log through SLF4J; without a provider it warns on stderr
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchCli());
        cli.setOut(out);
        cli.setErr(err);
        // a mistyped option or command: the problem, picocli's suggestions, where the usage is; not the whole usage
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("bench: " + ex.getMessage());
            String suggestion = suggestion(ex, cmd, arguments);
            if (suggestion != null) {
                cmd.getErr().println(suggestion);
            } else {
                CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            }
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException) {
                cmd.getErr().println("bench: " + ex.getMessage());
                return USAGE;
            }
            if (ex instanceof io.benchsuite.runner.ResultFilesException) {
                cmd.getErr().println("bench: " + ex.getMessage());
                return RESULTS_NOT_WRITTEN;
            }
            if (ex instanceof java.nio.file.InvalidPathException e) {
                cmd.getErr().println("bench: the path \"" + e.getInput() + "\" cannot be used here (" + e.getReason()
                        + "): the file system's encoding cannot represent it; use ASCII names, or a UTF-8 locale "
                        + "(LC_ALL=C.UTF-8)");
                return USAGE;
            }
            cmd.getErr().println("bench: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 3;
        });
        return cli.execute(args);
    }

    /**
     * "Did you mean" for an unmatched argument: {@code -config} (one dash) for {@code --config}, a mistyped command
     * ({@code rn} for {@code run}) or option; null when there is nothing close.
     */
    private static String suggestion(CommandLine.ParameterException ex, CommandLine cmd, String[] arguments) {
        java.util.Set<String> options = new java.util.TreeSet<>();
        cmd.getCommandSpec().options().forEach(o -> options.addAll(java.util.List.of(o.names())));
        for (String given : arguments) {
            // -config parses as -c with the value "onfig": what was meant is --config
            String name = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
            if (name.startsWith("-") && !name.startsWith("--") && name.length() > 2 && options.contains("-" + name)) {
                return "Did you mean '-" + name + "'? Long options take two dashes.";
            }
        }
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return null;
        }
        String arg = u.getUnmatched().getFirst();
        if (arg.startsWith("-")) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String close = io.benchsuite.engine.config.Suggest.closest(name, options);
            return close == null ? null : "Did you mean '" + close + "'?";
        }
        String close = io.benchsuite.engine.config.Suggest.closest(arg, cmd.getSubcommands().keySet());
        return close == null ? null : "Did you mean 'bench " + close + "'?";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BenchCli.class.getPackage().getImplementationVersion();
            return new String[] {"bench " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java "
                    + Runtime.version() + ")"};
        }
    }
}
