package de.wegweiser.domain;

/**
 * The people of the contact's account who were active recently, the contact included; the window
 * is the setting {@code buyingCenterDays}. Only present when the contact has an account.
 */
public record BuyingCenter(String account, int activeMembers) {}
