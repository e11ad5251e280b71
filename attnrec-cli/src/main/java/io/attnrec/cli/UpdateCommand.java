package io.attnrec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnrec.core.data.Event;
import io.attnrec.core.data.ItemMeta;
import io.attnrec.core.eval.EvalConfig;
import io.attnrec.core.experiment.UpdateOutcome;
import io.attnrec.core.experiment.UseCases;
import io.attnrec.core.experiment.UseCases.StoredEvents;
import io.attnrec.core.experiment.UseCases.UpdateConfig;
import io.attnrec.core.model.Lineage;
import io.attnrec.core.model.Manifest;
import io.attnrec.core.model.ModelOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code attnrec update}: the loop of issue 16. Reads the events the server stored since the
 * model was made, grows the model with them, and writes the result only when it is not worse than
 * its parent on the newest events.
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a saved model on the events stored since it (by `attnrec serve --db`), and save the result"
                    + " only when validation on each user's newest event is not worse than the parent's beyond"
                    + " --tolerance.",
            "Exit code 0: updated, or nothing to do; 3: the new model was worse and was not written."
        })
final class UpdateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exit code of an update whose model was worse than its parent. */
    static final int REJECTED = 3;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The saved model to continue.")
    Path model;

    @Option(
            names = "--db",
            defaultValue = "sqlite:attnrec-events.db",
            paramLabel = "URL",
            description = "Event store: sqlite:FILE or jdbc:postgresql://... (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Directory to write the new model into.")
    Path out;

    @Option(
            names = "--tolerance",
            defaultValue = "0.02",
            paramLabel = "T",
            description = "Keep the new model when its metric is at least the parent's times 1 - T (default:"
                    + " ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--metric",
            defaultValue = "ndcg@10",
            paramLabel = "NAME",
            description = "Validation metric compared (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the fine-tuning and the replay sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Mixin
    WarmStartOptions warm;

    @Override
    public Integer call() throws Exception {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        EvalConfig eval = new EvalConfig(new int[] {5, 10, 20}, t, 0, seed);
        UpdateConfig config = new UpdateConfig(warm.toConfig(), tolerance, metric, eval, seed, ModelOptions.empty());
        UpdateOutcome outcome = update(model, db, out, config);
        System.out.println(outcome.message());
        outcome.lineage()
                .ifPresent(l -> System.out.printf(
                        Locale.ROOT,
                        "lineage: generation %d from %s (%s), +%d items, +%d users, %d events, %d recent + %d replayed"
                                + " users, store position %d; %.1f s%n",
                        l.generation(),
                        l.parent(),
                        l.mode(),
                        l.itemsAdded(),
                        l.usersAdded(),
                        l.eventsAdded(),
                        l.recentUsers(),
                        l.replayedUsers(),
                        l.storeSeq(),
                        outcome.seconds()));
        return outcome.status() == UpdateOutcome.Status.REJECTED ? REJECTED : 0;
    }

    /** One update of the model in {@code model} from the events {@code db} stored since it. */
    static UpdateOutcome update(Path model, String db, Path out, UpdateConfig config) throws IOException {
        Manifest parent = Manifest.read(model.resolve(Manifest.FILE));
        long after = Math.max(parent.lineage().map(Lineage::storeSeq).orElse(-1L), 0);
        StoredEvents events = readEvents(db, after);
        Cli.info(String.format(
                Locale.ROOT,
                "%d event(s) in %s after position %d; updating %s",
                events.events().size(),
                db,
                after,
                model));
        return UseCases.update(model, events, out, config);
    }

    /**
     * The events stored after position {@code after}, and the item metadata, read-only with plain
     * JDBC from the tables the server writes ({@code events}: seq, user_id, item_id, ts, type,
     * rating; {@code item_meta}: item_id, meta as JSON).
     */
    static StoredEvents readEvents(String url, long after) {
        String jdbc;
        Properties props = new Properties();
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            String file = url.substring(url.indexOf("sqlite:") + "sqlite:".length());
            if (!Files.isRegularFile(Path.of(file))) {
                throw new IllegalArgumentException("no event store at " + file);
            }
            jdbc = "jdbc:sqlite:" + file;
            props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: never write the server's file
        } else if (url.startsWith("jdbc:postgresql:")) {
            jdbc = url;
        } else {
            throw new IllegalArgumentException(
                    "database '" + url + "' is not supported; use sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        List<Event> events = new ArrayList<>();
        List<ItemMeta> items = new ArrayList<>();
        long last = after;
        try (Connection c = DriverManager.getConnection(jdbc, props)) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, user_id, item_id, ts, type, rating FROM events WHERE seq > ? ORDER BY seq")) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        double rating = rs.getDouble(6);
                        float r = rs.wasNull() ? Float.NaN : (float) rating;
                        events.add(new Event(rs.getString(2), rs.getString(3), rs.getLong(4), r, rs.getString(5)));
                    }
                }
            }
            // item metadata sent with PUT /v1/items: new items' content (the table may not exist in a
            // store written before it did)
            try (PreparedStatement ps = c.prepareStatement("SELECT meta FROM item_meta ORDER BY item_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(JSON.readValue(rs.getString(1), ItemMeta.class));
                }
            } catch (SQLException e) {
                // no metadata table: no content for new items
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot read the events of " + url + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the item metadata stored in " + url + " is damaged: " + e.getOriginalMessage(), e);
        }
        return new StoredEvents(events, items, last);
    }
}
