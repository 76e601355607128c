package io.tickstore.config;

/** A typed value for each key; how {@link TickstoreConfig} is assembled from defaults or a load. */
interface KeyValues {

    <T> T get(ConfigKey<T> key);
}
