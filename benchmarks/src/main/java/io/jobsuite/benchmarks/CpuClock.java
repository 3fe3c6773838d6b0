package io.jobsuite.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU seconds (user + system) of this JVM and of the database server, read from /proc.
 * The database is found by its process name on this machine; where it runs elsewhere its
 * CPU is not counted.
 */
final class CpuClock {

	/**
	 * Linux reports utime and stime in clock ticks of 1/100 s on every common
	 * configuration.
	 */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long jvmPid = ProcessHandle.current().pid();

	private final OptionalLong databasePid = findProcess("mariadbd", "mysqld");

	/** A reading of both clocks. */
	record Reading(double jvmSeconds, double databaseSeconds) {

		Reading minus(Reading earlier) {
			return new Reading(jvmSeconds - earlier.jvmSeconds, databaseSeconds - earlier.databaseSeconds);
		}

		double total() {
			return jvmSeconds + databaseSeconds;
		}

	}

	Reading read() {
		return new Reading(seconds(jvmPid), databasePid.isPresent() ? seconds(databasePid.getAsLong()) : 0);
	}

	boolean seesDatabase() {
		return databasePid.isPresent();
	}

	/**
	 * The 1, 5 and 15 minute load averages: how much else ran on the machine meanwhile.
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static double seconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// Fields after the command name, which is in parentheses and may contain
			// spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static OptionalLong findProcess(String... names) {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
				try {
					String comm = Files.readString(p.resolve("comm")).trim();
					return Stream.of(names).anyMatch(comm::equals);
				}
				catch (IOException ex) {
					return false;
				}
			}).mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst();
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
	}

}
