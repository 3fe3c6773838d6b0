package io.jobsuite.api.jobs;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** Reads jobs by id and by filter, paged. */
public interface JobRepository extends JpaRepository<Job, String>, JpaSpecificationExecutor<Job> {

}
