/**
 * The live view of {@code wakegate listen}: what someone standing in the room needs to see to judge a sensitivity,
 * namely the input level, the VAD, each wake word's score against its threshold, and detections as they happen.
 * {@link dev.wakegate.listen.ListenModel} turns frames into a {@link dev.wakegate.listen.ListenState};
 * {@link dev.wakegate.listen.ListenView} draws a state as lines of text, a pure function, testable without a terminal.
 */
package dev.wakegate.listen;
