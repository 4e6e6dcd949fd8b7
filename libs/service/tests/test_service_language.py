from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.service import ReaderLanguage


def test_lang_decides_then_accept_language_then_chinese() -> None:
    app = FastAPI()

    @app.get("/which")
    async def which(language: ReaderLanguage) -> str:
        return language

    client = TestClient(app)

    assert [
        client.get("/which").json(),
        client.get("/which", headers={"Accept-Language": "en-GB,en"}).json(),
        client.get("/which?lang=zh", headers={"Accept-Language": "en"}).json(),
        client.get("/which?lang=en").json(),
        client.get("/which?lang=fr").status_code,
    ] == ["zh", "en", "zh", "en", 422]
