package io.auteur.studio.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code auteur} command: one entry point, a subcommand per capability. */
@Command(name = "auteur", mixinStandardHelpOptions = true, versionProvider = AuteurCli.Version.class,
        description = "Auteur: a directed AI video studio for the JVM.",
        subcommands = {GenerateCommand.class, PrevisCommand.class, TrainCommand.class, ControlCommand.class,
            SignCommand.class, CredentialsCommand.class, WatermarkCommand.class, VerifyCommand.class,
            FilmCommand.class, ConsentCommand.class, DatasetCommand.class, ModelsCommand.class,
            LedgerCommand.class, JudgeCommand.class, EvalCommand.class, ServeCommand.class, WorkerCommand.class,
            KeysCommand.class,
            CommandLine.HelpCommand.class})
public final class AuteurCli {
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        AuteurCli root = new AuteurCli();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            boolean debug = parseResult.expandedArgs().contains("--debug");
            commandLine.getErr().println("auteur: " + message(exception));
            if (debug) {
                exception.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static String message(Throwable exception) {
        String text = exception.getMessage();
        return text == null || text.isBlank() ? exception.getClass().getSimpleName() : text;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AuteurCli.class.getPackage().getImplementationVersion();
            return new String[] {"auteur " + (version == null ? "development build" : version)};
        }
    }
}
