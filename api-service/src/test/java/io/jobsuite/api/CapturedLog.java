package io.jobsuite.api;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Every log line of the JVM, from start until closed, whatever the output format. */
final class CapturedLog implements AutoCloseable {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLog() {
		appender.start();
		root().addAppender(appender);
	}

	static CapturedLog start() {
		return new CapturedLog();
	}

	/** The lines of this level so far, each with its logger. */
	List<String> lines(Level level) {
		synchronized (appender) {
			return appender.list.stream()
				.filter(event -> event.getLevel() == level)
				.map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
				.toList();
		}
	}

	@Override
	public void close() {
		root().detachAppender(appender);
	}

	private static Logger root() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
