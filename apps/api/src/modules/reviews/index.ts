// The reviews module's public surface: other modules, jobs and the app import only this file.
