package io.auteur.studio.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Splits an amount of minor units in proportion to weights, exactly: the largest-remainder (Hamilton) method. Each
 * part gets the floor of its exact quota, and the units left over go one each to the parts with the largest
 * remainders (ties to the earlier part), so the parts always sum to the amount and none is off by a whole unit.
 */
public final class Split {
    private Split() {}

    public static long[] largestRemainder(long amount, long[] weights) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot split a negative amount: " + amount);
        }
        BigInteger total = BigInteger.ZERO;
        for (long weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("weights cannot be negative: " + Arrays.toString(weights));
            }
            total = total.add(BigInteger.valueOf(weight));
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        long[] parts = new long[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            // Exact quota amount * weight / total, in integers: no floating point, no overflow.
            BigInteger[] quotient = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(total);
            parts[i] = quotient[0].longValueExact();
            remainders[i] = quotient[1];
            given += parts[i];
        }
        long left = amount - given; // fewer than weights.length units
        int[] order = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders[i]).reversed().thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < left; k++) {
            parts[order[k]]++;
        }
        return parts;
    }
}
