package io.tickstore.config;

import java.util.regex.Pattern;

/** Syntax of a bind host: a DNS name, an IPv4 literal or an IPv6 literal (unbracketed, optional %zone). */
final class HostSyntax {

    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_.-]+");

    private HostSyntax() {
    }

    static boolean isHost(String text) {
        if (text.indexOf(':') >= 0) {
            return isIpv6(text);
        }
        if (DIGITS_AND_DOTS.matcher(text).matches()) {
            return IPV4.matcher(text).matches();
        }
        return text.length() <= 253 && HOST_NAME.matcher(text).matches();
    }

    private static boolean isIpv6(String text) {
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            if (!ZONE.matcher(text.substring(percent + 1)).matches()) {
                return false;
            }
            address = text.substring(0, percent);
        }
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int groups;
        if (gap < 0) {
            groups = countGroups(address, true);
            return groups == 8;
        }
        int head = countGroups(address.substring(0, gap), false);
        int tail = countGroups(address.substring(gap + 2), true);
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** @return groups in a run of ':'-separated hex groups (an IPv4 tail counts as two), or -1 if malformed */
    private static int countGroups(String run, boolean ipv4Tail) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (HEX_GROUP.matcher(part).matches()) {
                groups++;
            } else if (ipv4Tail && i == parts.length - 1 && IPV4.matcher(part).matches()) {
                groups += 2;
            } else {
                return -1;
            }
        }
        return groups;
    }
}
