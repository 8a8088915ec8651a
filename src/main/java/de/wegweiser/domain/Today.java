package de.wegweiser.domain;

import java.time.LocalDate;

/** The day a recommendation is made for: rules compare expiry and event dates with it. */
public record Today(LocalDate date) {}
