package de.wegweiser.domain;

/** The two halves of the journey: winning trust before the purchase, building the relationship after it. */
public enum JourneySide {
    BUYER,
    CUSTOMER
}
