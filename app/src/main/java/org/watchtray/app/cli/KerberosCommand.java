package org.watchtray.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.watchtray.app.text.Messages;
import org.watchtray.core.event.Text;
import org.watchtray.core.kerberos.Inventory;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import org.watchtray.core.kerberos.RenewResult;
import org.watchtray.core.kerberos.Ticket;
import org.watchtray.nativeaccess.NativeAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code watchtray kerberos list [--json]} and {@code watchtray kerberos renew [PRINCIPAL]}:
 * the tickets the Kerberos source watches (every principal in every collection, read through
 * libkrb5), and a renewal like the toast's Renew action.
 *
 * <p>Exit status: 0 on success (list: also when there are no tickets); 1 when libkrb5 cannot be
 * used or the KDC refused or could not be reached; 3 when the ticket cannot be renewed (not
 * renewable, renewable lifetime over, expired); 4 when there is no ticket to renew. Every
 * failure is one line on standard error.
 */
@Command(name = "kerberos", mixinStandardHelpOptions = true)
public final class KerberosCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int NOT_RENEWABLE = 3;
    static final int NO_TICKET = 4;

    private final Krb5 krb5;
    private final Function<PrintWriter, List<String>> extraCollections;
    private final Clock clock;
    private final ZoneId zone;
    private final Messages m;

    @Spec
    private CommandSpec spec;

    /** The real library for the CLI context's environment; its clock, and the settings' extra collections. */
    public KerberosCommand(CliContext context) {
        this(NativeAccess.linux().kerberos(context.environment(), context.clock()),
                err -> context.settings().load(err).kerberos().extraCollections(), context.clock(), context.messages());
    }

    /**
     * @param krb5             libkrb5 for the environment KRB5_CONFIG and KRB5CCNAME come from
     * @param extraCollections the collections the settings add to the default one
     * @param zone             the zone times are shown in (JSON is always UTC)
     */
    public KerberosCommand(Krb5 krb5, List<String> extraCollections, Clock clock, ZoneId zone) {
        this(krb5, err -> extraCollections, clock, Messages.english(zone));
    }

    /** As above, speaking {@code messages}' language in its zone. */
    public KerberosCommand(Krb5 krb5, List<String> extraCollections, Clock clock, Messages messages) {
        this(krb5, err -> extraCollections, clock, messages);
    }

    private KerberosCommand(Krb5 krb5, Function<PrintWriter, List<String>> extraCollections, Clock clock, Messages messages) {
        this.krb5 = krb5;
        this.extraCollections = extraCollections;
        this.clock = clock;
        this.zone = messages.zone();
        this.m = messages;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list or renew");
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    int list(@Option(names = "--json") boolean json) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<String>> extra = available(err, "list");
        if (extra.isEmpty()) {
            return FAILED;
        }
        Inventory inventory;
        try {
            inventory = krb5.read(extra.get());
        } catch (Krb5Exception e) {
            return fail(err, "list", e.getMessage());
        }
        Instant now = clock.instant();
        inventory.problems().forEach(p -> err.println("watchtray kerberos list: " + Text.visible(p)));
        if (json) {
            out.println(json(inventory, now));
        } else if (inventory.tickets().isEmpty()) {
            out.println(m.format("cli.kerberos.none", Text.visible(String.join(", ", inventory.collectionNames()))));
        } else {
            table(inventory, now).forEach(out::println);
        }
        out.flush();
        err.flush();
        return 0;
    }

    @Command(name = "renew", mixinStandardHelpOptions = true)
    int renew(@Parameters(arity = "0..1", paramLabel = "PRINCIPAL", descriptionKey = "principal") String principal) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<String>> extra = available(err, "renew");
        if (extra.isEmpty()) {
            return FAILED;
        }
        RenewResult result;
        try {
            result = krb5.renew(principal, extra.get());
        } catch (Krb5Exception e) {
            return fail(err, "renew", e.getMessage());
        }
        // The reasons are libkrb5's or the ticket's own words (English).
        return switch (result) {
            case RenewResult.Renewed r -> {
                out.println(m.format("cli.kerberos.renewed", Text.visible(r.after().principal()), Text.visible(r.after().cache()),
                        m.time(r.after().endTime()), m.time(r.before().endTime())));
                out.flush();
                yield 0;
            }
            case RenewResult.Failed f -> fail(err, "renew", m.format("cli.kerberos.renew_failed", f.ticket().principal(), f.reason()));
            case RenewResult.NotRenewable n -> {
                fail(err, "renew", m.format("cli.kerberos.not_renewable", n.ticket().principal(), n.reason()));
                yield NOT_RENEWABLE;
            }
            case RenewResult.NoTicket n -> {
                fail(err, "renew", n.principal() == null ? m.format("cli.kerberos.no_ticket", n.reason())
                        : m.format("cli.kerberos.no_ticket_for", n.principal(), n.reason()));
                yield NO_TICKET;
            }
        };
    }

    /** The collections to read when libkrb5 can be used; else empty, the reason said on {@code err}. */
    private Optional<List<String>> available(PrintWriter err, String command) {
        try {
            krb5.check();
            return Optional.of(extraCollections.apply(err));
        } catch (Krb5Exception e) {
            fail(err, command, m.format("cli.kerberos.no_libkrb5", e.getMessage()));
            return Optional.empty();
        }
    }

    private static int fail(PrintWriter err, String command, String message) {
        err.println("watchtray kerberos " + command + ": " + Text.visible(message));
        err.flush();
        return FAILED;
    }

    private List<String> table(Inventory inventory, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {m.text("cli.kerberos.column.principal"), m.text("cli.kerberos.column.cache"),
                m.text("cli.kerberos.column.expires"), m.text("cli.kerberos.column.renew_until"), m.text("cli.kerberos.column.renewable")});
        for (Ticket t : inventory.tickets()) {
            rows.add(new String[] {
                    t.cache().equals(inventory.defaultCache()) ? m.format("cli.kerberos.default", Text.visible(t.principal()))
                            : Text.visible(t.principal()),
                    Text.visible(t.cache()),
                    now.isBefore(t.endTime()) ? format(t.endTime()) : m.format("cli.kerberos.expired", format(t.endTime())),
                    t.renewUntil() == null ? "-" : format(t.renewUntil()),
                    m.text(t.renewable(now) ? "yes" : "no")});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Date and time as the user's locale writes them, to the second. */
    private String format(Instant t) {
        return m.dateTime(t);
    }

    /** principal, cache, cache_type, collection, default, start_time, end_time, renew_until, renewable, reason, expired. */
    private static String json(Inventory inventory, Instant now) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Ticket t : inventory.tickets()) {
            ObjectNode o = array.addObject();
            o.put("principal", t.principal());
            o.put("cache", t.cache());
            o.put("cache_type", t.cacheType());
            o.put("collection", t.collection());
            o.put("default", t.cache().equals(inventory.defaultCache()));
            o.put("start_time", t.startTime().toString());
            o.put("end_time", t.endTime().toString());
            if (t.renewUntil() == null) {
                o.putNull("renew_until");
            } else {
                o.put("renew_until", t.renewUntil().toString());
            }
            o.put("renewable", t.renewable(now));
            t.whyNotRenewable(now).ifPresent(why -> o.put("reason", why));
            o.put("expired", !now.isBefore(t.endTime()));
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and booleans always serialises", e);
        }
    }
}
