package io.auteur.studio.access;

import java.util.Locale;

/** What a key may do; each role may do everything the roles below it may. */
public enum Role {
    /** Read, list and download generations. */
    VIEWER,
    /** Create generations, and everything a viewer does. */
    CREATOR,
    /** Everything, including managing keys. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role called {@code name}; the message lists the roles there are. */
    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; roles: admin, creator, viewer");
    }
}
