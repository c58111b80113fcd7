"""nbgrader configuration: the repository root is the nbgrader course directory."""

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "facs-course"
c.CourseDirectory.root = __import__("os").path.dirname(__file__)
