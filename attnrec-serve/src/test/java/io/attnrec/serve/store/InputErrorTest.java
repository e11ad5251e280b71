package io.attnrec.serve.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database errors are the input's fault (400) and which are an outage (503). */
class InputErrorTest {

    @Test
    void dataAndConstraintClassesAreInputErrors() {
        assertThat(JdbcStoreBase.isInputError(new SQLException("bad utf8", "22021")))
                .isTrue();
        assertThat(JdbcStoreBase.isInputError(new SQLException("value too long", "22001")))
                .isTrue();
        assertThat(JdbcStoreBase.isInputError(new SQLException("not null", "23502")))
                .isTrue();
        assertThat(JdbcStoreBase.isInputError(new SQLException("unique", "23505")))
                .isTrue();
    }

    @Test
    void connectionResourceAndTimeoutErrorsAreNot() {
        assertThat(JdbcStoreBase.isInputError(new SQLException("connection lost", "08006")))
                .isFalse();
        assertThat(JdbcStoreBase.isInputError(new SQLException("disk full", "53100")))
                .isFalse();
        assertThat(JdbcStoreBase.isInputError(new SQLException("statement timeout", "57014")))
                .isFalse();
        assertThat(JdbcStoreBase.isInputError(new SQLException("no state"))).isFalse();
    }
}
