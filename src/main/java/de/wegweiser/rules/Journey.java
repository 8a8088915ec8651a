package de.wegweiser.rules;

import de.wegweiser.domain.Contact;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.rules.JourneyEffect.Consumption;
import de.wegweiser.rules.JourneyEffect.Pause;
import de.wegweiser.rules.JourneyEffect.PhaseMove;
import de.wegweiser.rules.JourneyEffect.Points;
import de.wegweiser.rules.JourneyEffect.StatusChange;

/**
 * The vocabulary of a journey rule's right-hand side. Import in a DRL file with
 * {@code import function de.wegweiser.rules.Journey.moveToPhase;} and write
 * {@code moveToPhase($contact, JourneyPhase.CONSIDERATION, "Downloaded a gated whitepaper",
 * "Hat ein Whitepaper heruntergeladen");}. The rule's name is recorded with every change, and the
 * reasons (English, optionally German) go into the contact's history.
 *
 * <p>The helpers only say what should change; the service applies it after the rules ran, so a
 * rule never changes facts under the feet of another rule. The contact argument is there for the
 * reader ("move the contact to ..."): a session judges exactly one contact's event.
 */
public final class Journey {

    private Journey() {}

    /** Moves the contact to a phase. If several rules move it for one event, the furthest phase wins. */
    public static void moveToPhase(Contact contact, JourneyPhase phase, String english, String german) {
        if (phase == null) throw new IllegalArgumentException("moveToPhase needs a phase, e.g. JourneyPhase.CONSIDERATION");
        Journal journal = Journal.current();
        journal.add(new PhaseMove(journal.currentRule(), phase, english, german));
    }

    public static void moveToPhase(Contact contact, JourneyPhase phase, String reason) {
        moveToPhase(contact, phase, reason, null);
    }

    /** Sets the lifecycle status. If several rules set it for one event, the most advanced status wins. */
    public static void setStatus(Contact contact, LifecycleStatus status, String english, String german) {
        if (status == null) throw new IllegalArgumentException("setStatus needs a status, e.g. LifecycleStatus.MQL");
        Journal journal = Journal.current();
        journal.add(new StatusChange(journal.currentRule(), status, english, german));
    }

    public static void setStatus(Contact contact, LifecycleStatus status, String reason) {
        setStatus(contact, status, reason, null);
    }

    /** Adds points to the lead score (negative points lower it). A rule scores an event at most once. */
    public static void addScore(Contact contact, double points, String english, String german) {
        if (!Double.isFinite(points)) throw new IllegalArgumentException("addScore needs a number of points; got " + points);
        Journal journal = Journal.current();
        journal.add(new Points(journal.currentRule(), points, english, german));
    }

    public static void addScore(Contact contact, double points, String reason) {
        addScore(contact, points, reason, null);
    }

    /** The event's item counts as consumed: it is never recommended to the contact again. */
    public static void markConsumed(Contact contact, Event event) {
        if (event.itemId() == null) return; // nothing to consume; the rule's condition was too wide
        Journal journal = Journal.current();
        journal.add(new Consumption(journal.currentRule(), event.itemId()));
    }

    /** The event's item is not recommended to the contact for the given number of days from the event on. */
    public static void pauseItem(Contact contact, Event event, int days, String english, String german) {
        if (event.itemId() == null) return;
        if (days < 0) throw new IllegalArgumentException("pauseItem needs a number of days >= 0; got " + days);
        Journal journal = Journal.current();
        journal.add(new Pause(journal.currentRule(), event.itemId(), days, english, german));
    }

    public static void pauseItem(Contact contact, Event event, int days, String reason) {
        pauseItem(contact, event, days, reason, null);
    }
}
