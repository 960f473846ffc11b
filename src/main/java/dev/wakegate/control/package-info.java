/**
 * The running daemon's local control socket: a UNIX domain socket that only the owner and group can connect to,
 * one short line-based request per connection ({@code status}, {@code sensitivity WORD VALUE}, {@code pause},
 * {@code resume}). Requests become {@link dev.wakegate.gate.Control}s that the pipeline thread applies, so nothing
 * here changes gate state itself, and nothing here can end a hardware mute: the gate only lets the switch do that.
 */
package dev.wakegate.control;
