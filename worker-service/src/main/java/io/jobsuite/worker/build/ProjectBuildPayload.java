package io.jobsuite.worker.build;

/**
 * One build of a team's project.
 *
 * @param team the team
 * @param project the project
 * @param buildNumber the build's number within its project
 * @param workMillis how long the build step takes (the demo build only waits)
 */
public record ProjectBuildPayload(String team, String project, int buildNumber, long workMillis) {

	/** The FIFO group that keeps one project's builds in order. */
	public static String groupOf(String team, String project) {
		return "build-" + team + "-" + project;
	}

}
