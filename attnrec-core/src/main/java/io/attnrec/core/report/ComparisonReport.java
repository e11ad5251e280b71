package io.attnrec.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The result of {@code attnrec compare}: the JSON report of SPEC section 3 and its table forms.
 *
 * @param dataset name, users, items, interactions and statistics
 * @param protocol protocol name and settings
 * @param results one entry per model, in the order run
 */
public record ComparisonReport(Map<String, Object> dataset, Map<String, Object> protocol, List<ModelResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Metrics shown in tables when present, in this order; the JSON has them all. */
    private static final List<String> TABLE_METRICS = List.of(
            "hr@10",
            "ndcg@10",
            "mrr@10",
            "recall@20",
            "hr@20",
            "recall@50",
            "hr@50",
            "ndcg@50",
            "coverage@10",
            "rmse",
            "mae",
            "auc",
            "gauc",
            // coverage is the headline interest figure (issue 19), purity beside it
            "interest_coverage_seen",
            "interest_purity",
            "interest_coverage");

    public ComparisonReport {
        dataset = new LinkedHashMap<>(dataset);
        protocol = new LinkedHashMap<>(protocol);
        results = List.copyOf(results);
    }

    /** The report as SPEC section 3 defines it. */
    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", dataset);
        root.put("protocol", protocol);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (ModelResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model());
            m.put("metrics", new java.util.TreeMap<>(r.metrics()));
            m.put("train_seconds", round(r.trainSeconds(), 3));
            m.put("eval_seconds", round(r.evalSeconds(), 3));
            m.put("users", r.users());
            if (!r.validation().isEmpty()) {
                m.put("validation_metrics", new java.util.TreeMap<>(r.validation()));
            }
            rs.add(m);
        }
        root.put("results", rs);
        return root;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // Write beside the target and rename, so a reader never sees a half-written report.
        Path tmp = Files.createTempFile(parent, ".report", ".json");
        Files.writeString(tmp, toJson());
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The validation metric shown in tables, the one to choose settings by: Recall@50 (the
     * multi-interest protocol's headline), else NDCG@10, else the first table metric present;
     * null when no model has validation metrics.
     */
    String validationColumn() {
        TreeSet<String> present = new TreeSet<>();
        results.forEach(r -> present.addAll(r.validation().keySet()));
        for (String m : List.of("recall@50", "ndcg@10")) {
            if (present.contains(m)) {
                return m;
            }
        }
        return TABLE_METRICS.stream().filter(present::contains).findFirst().orElse(null);
    }

    /** Columns: the table metrics that some model has, then times. */
    private List<String> columns() {
        TreeSet<String> present = new TreeSet<>();
        results.forEach(r -> present.addAll(r.metrics().keySet()));
        List<String> cols = new ArrayList<>();
        for (String m : TABLE_METRICS) {
            if (present.contains(m)) {
                cols.add(m);
            }
        }
        return cols;
    }

    private List<List<String>> rows() {
        List<String> cols = columns();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("model");
        header.addAll(cols);
        String val = validationColumn();
        if (val != null) {
            header.add("val " + val);
        }
        header.add("train s");
        header.add("eval s");
        rows.add(header);
        for (ModelResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.model());
            for (String c : cols) {
                Double v = r.metrics().get(c);
                row.add(v == null ? "-" : String.format(Locale.ROOT, "%.4f", v));
            }
            if (val != null) {
                Double v = r.validation().get(val);
                row.add(v == null ? "-" : String.format(Locale.ROOT, "%.4f", v));
            }
            row.add(String.format(Locale.ROOT, "%.1f", r.trainSeconds()));
            row.add(String.format(Locale.ROOT, "%.1f", r.evalSeconds()));
            rows.add(row);
        }
        return rows;
    }

    /** A plain aligned table for the terminal. */
    public String toText() {
        List<List<String>> rows = rows();
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                sb.append(c == 0 ? cell + pad : pad + cell);
                sb.append(c + 1 < row.size() ? "  " : "\n");
            }
        }
        return sb.toString();
    }

    /** A GitHub-flavoured Markdown table with a one-line caption. */
    public String toMarkdown() {
        List<List<String>> rows = rows();
        StringBuilder sb = new StringBuilder();
        sb.append("Data: ")
                .append(dataset.get("name"))
                .append(" (")
                .append(dataset.get("users"))
                .append(" users, ")
                .append(dataset.get("items"))
                .append(" items, ")
                .append(dataset.get("interactions"))
                .append(" interactions); protocol: ")
                .append(protocol)
                .append("\n\n");
        for (int r = 0; r < rows.size(); r++) {
            sb.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
            if (r == 0) {
                sb.append("|").append(" --- |".repeat(rows.get(0).size())).append("\n");
            }
        }
        return sb.toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
