package de.wegweiser.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Comparing secrets (tokens, API keys) without leaking them through timing. */
final class Secrets {

    private Secrets() {}

    /** Compare hashes, not the secrets: constant time, and independent of the secrets' lengths. */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether the presented secret is one of the known ones; checks all, so the time says nothing about which. */
    static boolean matchesAny(byte[] presentedHash, java.util.List<byte[]> knownHashes) {
        boolean match = false;
        for (byte[] known : knownHashes) match |= MessageDigest.isEqual(known, presentedHash);
        return match;
    }
}
