/**
 * wakegate as a Home Assistant voice satellite over the Wyoming protocol.
 *
 * <ul>
 *   <li>Codec: {@link dev.wakegate.uplink.wyoming.EventReader} (bounded by {@link dev.wakegate.uplink.wyoming.FrameLimits}),
 *       {@link dev.wakegate.uplink.wyoming.EventWriter}, the wire record {@link dev.wakegate.uplink.wyoming.WyomingEvent}
 *       and the typed {@link dev.wakegate.uplink.wyoming.WyomingMessage}s.</li>
 *   <li>Server: {@link dev.wakegate.uplink.wyoming.WyomingServer} (allow list, one Home Assistant at a time, ping
 *       liveness) and {@link dev.wakegate.uplink.wyoming.Discovery} (mDNS).</li>
 *   <li>Uplink: {@link dev.wakegate.uplink.wyoming.WyomingUplink}, the gate's view; one session at a time.</li>
 *   <li>Sound: {@link dev.wakegate.uplink.wyoming.Speaker} plays replies and {@link dev.wakegate.uplink.wyoming.Cues}
 *       through a {@link dev.wakegate.uplink.wyoming.Player} and tells a
 *       {@link dev.wakegate.uplink.wyoming.PlaybackListener}.</li>
 * </ul>
 *
 * Threads, all named: {@code wg-wyoming-accept}; per connection {@code wg-wyoming-in-N} (reads, handles events in
 * order) and {@code wg-wyoming-out-N} (writes a bounded queue); {@code wg-wyoming-timer} (pings, reply timeouts);
 * {@code wg-play} (playback); {@code wg-mdns} (registration). The gate's pipeline thread only ever enqueues.
 */
package dev.wakegate.uplink.wyoming;
