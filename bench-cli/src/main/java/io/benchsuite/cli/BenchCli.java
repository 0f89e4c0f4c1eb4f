package io.benchsuite.cli;

import io.benchsuite.engine.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench}: the command line of BenchSuite. Exit codes: 0 completed, 1 thresholds failed (or
 * {@code analyze --compare}: regressed), 2 usage or configuration error, 130 interrupted (Ctrl-C / SIGTERM).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BenchCli.Version.class,
        description = "Load testing and benchmarking for HTTP APIs, LLM providers and Java code.",
        subcommands = {RunCommand.class, DemoCommand.class, ReportCommand.class, AnalyzeCommand.class,
                BaselineCommand.class, SyncCommand.class, DatasetCommand.class, CommandLine.HelpCommand.class})
public final class BenchCli {

    /** Exit code: the run completed and every threshold passed. */
    static final int OK = 0;
    /** Exit code: a threshold failed. */
    static final int THRESHOLDS_FAILED = 1;
    /** Exit code: a comparison found a regression (the verdict is {@code regressed}). */
    static final int REGRESSED = 1;
    /** Exit code: bad usage, configuration or input. */
    static final int USAGE = 2;
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
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigException) {
                cmd.getErr().println("bench: " + ex.getMessage());
                return USAGE;
            }
            cmd.getErr().println("bench: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 3;
        });
        return cli.execute(args);
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
