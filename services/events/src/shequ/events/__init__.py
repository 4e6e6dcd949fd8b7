"""Events (活动): community activities, projects, duties, corners, teams, volunteers."""
