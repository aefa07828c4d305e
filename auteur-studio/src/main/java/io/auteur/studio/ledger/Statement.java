package io.auteur.studio.ledger;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The postings of one account, oldest first, with the running balance per currency.
 *
 * @param totals the closing balance per currency
 */
public record Statement(String accountId, List<Line> lines, Map<String, Long> totals) {
    /** One posting: what a generation credited (positive) or debited (negative). */
    public record Line(Instant postedAt, String generationId, String model, String datasetManifestSha256,
                       long amountMinor, String currency, long balanceMinor) {
        public Line {
            Objects.requireNonNull(postedAt, "postedAt");
            Objects.requireNonNull(generationId, "generationId");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(currency, "currency");
        }
    }

    public Statement {
        Objects.requireNonNull(accountId, "accountId");
        lines = List.copyOf(lines);
        totals = Map.copyOf(totals);
    }

    public static final String CSV_HEADER =
            "posted_at,generation_id,model,dataset_manifest_sha256,amount_minor,currency,balance_minor";

    /** RFC 4180 CSV with a header row; amounts in integer minor units, so spreadsheets add them up exactly. */
    public String csv() {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Line line : lines) {
            out.append(line.postedAt()).append(',').append(field(line.generationId())).append(',')
                    .append(field(line.model())).append(',').append(line.datasetManifestSha256()).append(',')
                    .append(line.amountMinor()).append(',').append(line.currency()).append(',')
                    .append(line.balanceMinor()).append("\r\n");
        }
        return out.toString();
    }

    /** For people: one line per posting in major units, then the totals. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(String.format(Locale.ROOT, "%-27s %-38s %-24s %12s %12s%n", line.postedAt(), line.generationId(),
                    line.model(), major(line.amountMinor(), line.currency()), major(line.balanceMinor(), line.currency())));
        }
        if (lines.isEmpty()) {
            out.append("no postings\n");
        }
        totals.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(total -> out.append("balance: ")
                .append(major(total.getValue(), total.getKey())).append(" (").append(lines.stream()
                        .filter(l -> l.currency().equals(total.getKey())).count()).append(" postings)\n"));
        return out.toString();
    }

    /** An amount of minor units in major units with the currency's digits, e.g. 1234 EUR is "12.34 EUR". */
    public static String major(long minor, String currency) {
        int digits = fractionDigits(currency);
        java.math.BigDecimal value = java.math.BigDecimal.valueOf(minor, digits);
        return value.toPlainString() + " " + currency;
    }

    static int fractionDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    private static String field(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
