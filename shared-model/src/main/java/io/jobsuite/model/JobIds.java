package io.jobsuite.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered job ids (UUID version 7). Ids from one generator strictly increase, so
 * rows insert at the end of the primary key and FIFO jobs of one group sort in dispatch
 * order.
 */
public final class JobIds {

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private long lastMillis;

	private long sequence;

	public JobIds(Clock clock) {
		this.clock = clock;
	}

	public synchronized UUID next() {
		long millis = clock.millis();
		if (millis > lastMillis) {
			lastMillis = millis;
			sequence = random.nextInt(1 << 11);
		}
		else if (++sequence >= (1 << 12)) {
			// 4,096 ids in one millisecond: borrow the next millisecond rather than
			// repeat.
			lastMillis++;
			sequence = 0;
		}
		long high = (lastMillis << 16) | (0x7L << 12) | sequence;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low);
	}

}
