package io.attnrec.core.data;

/**
 * One raw interaction as read from a file, before id mapping.
 *
 * @param user external user id
 * @param item external item id
 * @param timestamp seconds since the epoch, or the line's position for formats without time
 * @param rating the explicit rating, or {@code Float.NaN} when the format has none
 * @param type event type (click, buy, ...), or {@code null}
 */
public record Event(String user, String item, long timestamp, float rating, String type) {

    public boolean hasRating() {
        return !Float.isNaN(rating);
    }
}
