"""Reading and writing levels: native JSON (with its JSON Schema), Tiled .tmj/.tsj, and PNG."""
