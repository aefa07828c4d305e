package io.auteur.studio.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.db.DatabaseException;
import io.auteur.studio.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on a real H2 file database, migrated by Flyway as the CLI opens it. */
class LedgerTest {
    private static final String DATASET = "d".repeat(64);

    @TempDir
    Path dir;

    Database database;
    Ledger ledger;

    @BeforeEach
    void openDatabase() {
        database = Database.open("jdbc:h2:file:" + dir.resolve("db/auteur") + ";AUTO_SERVER=TRUE", "sa", "");
        ConsentRegistry registry = new ConsentRegistry(database.dataSource(), Clock.systemUTC());
        for (String id : List.of("alice", "bob", "carol")) {
            registry.saveContributor(id, id.toUpperCase(java.util.Locale.ROOT), Optional.of("acct-" + id));
        }
        ledger = new Ledger(database.dataSource(), Clock.systemUTC());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private static Ledger.Credit credit(String generation, long amount, List<Ledger.Share> shares) {
        return new Ledger.Credit(generation, "worlds-tiny@1", DATASET, amount, "EUR", shares);
    }

    @Test
    void theLargestRemainderSplitIsExactAndFair() {
        assertThat(Split.largestRemainder(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
        assertThat(Split.largestRemainder(100, new long[] {2000, 1000, 333})).containsExactly(60, 30, 10);
        assertThat(Split.largestRemainder(7, new long[] {2000, 1000, 333})).containsExactly(4, 2, 1);
        assertThat(Split.largestRemainder(1, new long[] {5, 5})).containsExactly(1, 0);
        assertThat(Split.largestRemainder(Long.MAX_VALUE, new long[] {Long.MAX_VALUE, 1}))
                .containsExactly(Long.MAX_VALUE - 1, 1);
        Random random = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            long amount = random.nextInt(1_000_000);
            long[] weights = new long[1 + random.nextInt(6)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = random.nextInt(100_000);
            }
            weights[0]++;
            long total = java.util.Arrays.stream(weights).sum();
            long[] parts = Split.largestRemainder(amount, weights);
            assertThat(java.util.Arrays.stream(parts).sum()).isEqualTo(amount);
            for (int i = 0; i < parts.length; i++) {
                double quota = (double) amount * weights[i] / total;
                assertThat((double) parts[i]).isBetween(Math.floor(quota), Math.floor(quota) + 1);
            }
        }
    }

    @Test
    void aGenerationDebitsTheStudioAndCreditsContributorsBySharePostedOnce() {
        List<Ledger.Share> shares = List.of(new Ledger.Share("alice", 2000), new Ledger.Share("bob", 1000));
        Ledger.Outcome first = ledger.credit(credit("g-1", 10, shares));
        assertThat(first.posted()).isTrue();
        assertThat(first.postings()).containsExactly(new Ledger.Posting(Ledger.STUDIO_ACCOUNT, -10),
                new Ledger.Posting("contributor:alice", 7), new Ledger.Posting("contributor:bob", 3));
        Ledger.Outcome retry = ledger.credit(credit("g-1", 10, shares));
        assertThat(retry.posted()).isFalse();
        assertThat(retry.transactionId()).isEqualTo(first.transactionId());
        assertThat(retry.postings()).containsExactlyInAnyOrderElementsOf(first.postings());
        assertThat(ledger.balance("contributor:alice", "EUR")).isEqualTo(7);
        assertThat(ledger.balance(Ledger.STUDIO_ACCOUNT, "EUR")).isEqualTo(-10);
        assertThat(ledger.transactionCount()).isEqualTo(1);
        assertThatThrownBy(() -> ledger.credit(credit("g-2", 10, List.of(new Ledger.Share("mallory", 1)))))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("mallory is not a contributor");
        assertThat(ledger.transactionCount()).isEqualTo(1);
    }

    @Test
    void concurrentGenerationsAndTheirRetriesPayExactlyOnceAndBalancesSumToZero() throws Exception {
        // Three contributors with 2 s, 1 s and 1/3 s of footage; 7 cents per generation splits 4 / 2 / 1.
        List<Ledger.Share> shares = List.of(new Ledger.Share("alice", 2000), new Ledger.Share("bob", 1000),
                new Ledger.Share("carol", 333));
        int threads = 8, perThread = 50, shared = 20;
        List<String> sharedIds = new ArrayList<>();
        for (int i = 0; i < shared; i++) {
            sharedIds.add("shared-" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger posted = new AtomicInteger(), repeated = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        long began = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                // Each thread's own generations, each retried once, interleaved with everyone racing on the shared ones.
                List<String> ids = new ArrayList<>();
                for (int g = 0; g < perThread; g++) {
                    ids.add("t" + thread + "-g" + g);
                    ids.add("t" + thread + "-g" + g);
                }
                ids.addAll(sharedIds);
                Collections.shuffle(ids, new Random(thread));
                for (String id : ids) {
                    (ledger.credit(credit(id, 7, shares)).posted() ? posted : repeated).incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - began) / 1e9;
        int generations = threads * perThread + shared;
        System.out.printf("ledger: %d credits (%d generations) from %d threads in %.2f s%n",
                threads * (2 * perThread + shared), generations, threads, seconds);
        assertThat(posted.get()).isEqualTo(generations);
        assertThat(repeated.get()).isEqualTo(threads * perThread + (threads - 1) * shared);
        assertThat(ledger.transactionCount()).isEqualTo(generations);
        Map<String, Map<String, Long>> balances = ledger.balances();
        assertThat(balances.get("contributor:alice")).containsEntry("EUR", 4L * generations);
        assertThat(balances.get("contributor:bob")).containsEntry("EUR", 2L * generations);
        assertThat(balances.get("contributor:carol")).containsEntry("EUR", 1L * generations);
        assertThat(balances.get(Ledger.STUDIO_ACCOUNT)).containsEntry("EUR", -7L * generations);
        assertThat(balances.values().stream().mapToLong(byCurrency -> byCurrency.get("EUR")).sum()).isZero();
    }

    @Test
    void aStatementListsEveryCreditWithARunningBalanceAsCsv() {
        List<Ledger.Share> shares = List.of(new Ledger.Share("alice", 1), new Ledger.Share("bob", 1));
        ledger.credit(credit("gen,with \"comma\"", 5, shares));
        ledger.credit(credit("g-2", 5, shares));
        ledger.credit(new Ledger.Credit("g-3", "worlds-tiny@1", DATASET, 250, "JPY", shares));
        Statement statement = ledger.statement("alice");
        assertThat(statement.lines()).extracting(Statement.Line::amountMinor).containsExactly(3L, 3L, 125L);
        assertThat(statement.totals()).containsEntry("EUR", 6L).containsEntry("JPY", 125L);
        String[] rows = statement.csv().split("\r\n");
        assertThat(rows[0]).isEqualTo(Statement.CSV_HEADER);
        assertThat(rows[1]).contains(",\"gen,with \"\"comma\"\"\",worlds-tiny@1," + DATASET + ",3,EUR,3");
        assertThat(rows[2]).endsWith(",g-2,worlds-tiny@1," + DATASET + ",3,EUR,6");
        assertThat(rows[3]).endsWith(",g-3,worlds-tiny@1," + DATASET + ",125,JPY,125");
        assertThat(rows).hasSize(4);
        assertThat(ledger.statement("bob").totals()).containsEntry("EUR", 4L);
        assertThat(statement.text()).contains("balance: 0.06 EUR (2 postings)").contains("balance: 125 JPY (1 postings)");
    }
}
