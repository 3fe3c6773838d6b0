package io.jobsuite.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * DATETIME columns hold UTC; these keep the JVM's and the session's time zones out of it.
 * Values are bound as text: Connector/J reads MariaDB 10.x's version as "5.5.5" and then
 * drops fractional seconds from temporal parameters, which would make leases and FIFO
 * start times second-granular.
 */
public final class Utc {

	private Utc() {
	}

	private static final DateTimeFormatter COLUMN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	public static String column(Instant instant) {
		return instant == null ? null : COLUMN.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

	public static Instant instant(ResultSet rs, String column) throws SQLException {
		LocalDateTime value = rs.getObject(column, LocalDateTime.class);
		return value == null ? null : value.toInstant(ZoneOffset.UTC);
	}

}
