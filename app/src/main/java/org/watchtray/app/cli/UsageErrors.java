package org.watchtray.app.cli;

import java.io.PrintWriter;
import java.util.ResourceBundle;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a usage error (unknown option, bad value, missing parameter) prints: a lead line in the
 * user's language from the help bundle, then picocli's own detail as it wrote it (English: it
 * names the option and the value exactly), then picocli's suggestions or the command's usage,
 * which the bundle translates. The exit status stays picocli's.
 */
final class UsageErrors implements IParameterExceptionHandler {
    static final String LEAD = "error.lead";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        ResourceBundle help = cl.getResourceBundle();
        if (help != null && help.containsKey(LEAD)) {
            err.println(help.getString(LEAD));
        }
        err.println(cl.getColorScheme().errorText(ex.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            cl.usage(err, cl.getColorScheme());
        }
        err.flush();
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        return cl.getExitCodeExceptionMapper() != null
                ? cl.getExitCodeExceptionMapper().getExitCode(ex)
                : spec.exitCodeOnInvalidInput();
    }
}
