package io.llmrelay.schemas.budget;

import java.math.BigDecimal;

/** Micro-USD for people: {@code $12.34}, {@code $0.0123}; at least cents, at most micro-dollars, never rounded. */
public final class Dollars {

    private Dollars() {
    }

    public static String format(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros();
        String digits = dollars.setScale(Math.max(2, dollars.scale())).toPlainString();
        return digits.startsWith("-") ? "-$" + digits.substring(1) : "$" + digits;
    }
}
