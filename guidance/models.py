# Task categories, tasks, guidelines and the decision flow arrive with the guidance issue.
