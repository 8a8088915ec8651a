package de.wegweiser.accounts;

/** The account rules keep changing their minds: two rules undo each other's decisions. */
public final class AccountRulesLoopException extends RuntimeException {
    public AccountRulesLoopException(String account, int rounds) {
        super("the account rules did not settle for account '%s' after %d rounds: two rules undo each other's decisions"
                .formatted(account, rounds));
    }
}
