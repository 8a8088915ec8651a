package de.wegweiser.domain;

/** Where a journey phase sits in the marketing funnel. */
public enum FunnelStage {
    /** Top of funnel: attract and orient people who do not know us yet. */
    TOFU,
    /** Middle of funnel: convince with facts and numbers. */
    MOFU,
    /** Bottom of funnel: reassure the buying center right before the decision. */
    BOFU,
    /** After the purchase: onboarding, loyalty, advocacy. */
    CUSTOMER
}
